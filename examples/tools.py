"""Tools from Python functions: `openwire.function_tool` builds a strict tool from a function's
signature and docstring, and `run_tools` calls the model, runs the tools it calls and sends their
outputs back until it answers, on chat and on the Responses API, round by round.

python examples/tools.py
"""

from __future__ import annotations

from typing import Literal

from _local import client

import openwire
from openwire.types.chat import ChatCompletionMessageParam


@openwire.function_tool
def get_weather(city: str, unit: Literal["C", "F"] = "C") -> dict[str, object]:
    """The weather in a city now.

    Args:
        city: the city's name, in English.
        unit: the temperature scale.
    """
    return {"city": city, "sky": "clear", "degrees": 21 if unit == "C" else 70, "unit": unit}


print("the tool as chat sends it:", get_weather.for_chat()["function"]["name"])
print("its parameters:", sorted(get_weather.parameters["properties"]))

messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "What should I wear in Paris?"}]
with client() as api:
    runner = api.chat.completions.run_tools(model="gpt-5.4-mini", messages=messages, tools=[get_weather])
    for step in runner:  # each model call, as it completes
        for call in step.tool_calls:
            output = step.outputs[call.id]
            print(f"round {step.index}: {call.function.name}({call.function.arguments}) -> {output}")
    answer = runner.until_done()
    print("chat answer:", answer.choices[0].message.content)
    print("conversation:", len(runner.messages), "messages, ready to carry on")

    response = api.responses.run_tools(
        model="gpt-5.4-mini", input="And in Oslo?", tools=[get_weather]
    ).until_done()
    print("responses answer:", response.output_text)
