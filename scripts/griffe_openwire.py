"""A Griffe extension for the API reference (mkdocs.yml loads it): what a reader would otherwise see
as private names is shown as what it stands for.

- A method taking `**params: Unpack[SomeTypedDict]` is listed with the TypedDict's fields as named
  keyword arguments (`model`, `messages`, ...), each with its type and the first paragraph of its
  docstring in the parameter table; the per-call options stay `**options: Unpack[RequestOptions]`.
- `Client` and `AsyncClient` get the constructor of their private base, with its type variable
  replaced by the `httpx` client each one takes.
- A private type alias in an annotation (`size: _Size | None`) is replaced by what it stands for.
"""

from __future__ import annotations

from typing import Any

import griffe

_OPTIONS = "openwire._types.RequestOptions"
_CLIENTS = {"Client": "httpx.Client", "AsyncClient": "httpx.AsyncClient"}


class OpenwireReference(griffe.Extension):
    """Expands `**params: Unpack[...]` and gives the clients a constructor of their own."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        if pkg.name != "openwire":
            return
        for function in _functions(pkg):
            _expand(pkg, function)
        for name, http in _CLIENTS.items():
            _own_constructor(pkg["_client"][name], http)
        for owner in _objects(pkg):
            if isinstance(owner, griffe.Function):
                for parameter in owner.parameters:
                    parameter.annotation = _without_private_aliases(pkg, parameter.annotation)
                owner.returns = _without_private_aliases(pkg, owner.returns)
            elif isinstance(owner, griffe.Attribute):
                owner.annotation = _without_private_aliases(pkg, owner.annotation)


def _objects(module: griffe.Module) -> list[griffe.Object]:
    found: list[griffe.Object] = []
    stack: list[griffe.Object] = [module]
    while stack:
        current = stack.pop()
        for member in current.members.values():
            if member.is_alias or not isinstance(member, griffe.Object):
                continue
            found.append(member)
            if isinstance(member, (griffe.Module, griffe.Class)):
                stack.append(member)
    return found


def _functions(module: griffe.Module) -> list[griffe.Function]:
    return [member for member in _objects(module) if isinstance(member, griffe.Function)]


def _without_private_aliases(pkg: griffe.Module, annotation: Any) -> Any:
    """`annotation`, with each private module-level alias it names written out (as text)."""
    if not isinstance(annotation, griffe.Expr):
        return annotation
    text = str(annotation)
    replaced = False
    for part in annotation.iterate(flat=True):
        if not isinstance(part, griffe.ExprName) or not part.name.startswith("_"):
            continue
        try:
            target = pkg[part.canonical_path.removeprefix("openwire.")]
        except (KeyError, ValueError, griffe.AliasResolutionError):
            continue
        if (
            isinstance(target, griffe.Attribute)
            and target.value is not None
            and "module-attribute" in target.labels
        ):
            text = text.replace(part.name, str(target.value))
            replaced = True
    return text if replaced else annotation


def _expand(pkg: griffe.Module, function: griffe.Function) -> None:
    """Replace `**params: Unpack[X]` by X's fields as keyword-only parameters."""
    variadic = next((p for p in function.parameters if p.kind is griffe.ParameterKind.var_keyword), None)
    annotation = variadic.annotation if variadic is not None else None
    if not isinstance(annotation, griffe.ExprSubscript) or annotation.canonical_name != "Unpack":
        return
    target = annotation.slice
    if not isinstance(target, griffe.ExprName) or not target.canonical_path.startswith("openwire."):
        return
    if function.docstring is not None and "Args:" in function.docstring.value:
        return  # documents its keyword arguments itself (the clients' ClientOptions)
    typed_dict = pkg[target.canonical_path.removeprefix("openwire.")]
    if not isinstance(typed_dict, griffe.Class):
        return
    fields, has_options = _fields(typed_dict)
    if not fields:
        return
    kept = [p for p in function.parameters if p.kind is not griffe.ParameterKind.var_keyword]
    expanded = [
        griffe.Parameter(
            name,
            annotation=field_annotation,
            kind=griffe.ParameterKind.keyword_only,
            default=None if required else "...",
        )
        for name, (field_annotation, required, _) in fields.items()
    ]
    if has_options:
        expanded.append(
            griffe.Parameter(
                "options", annotation="Unpack[RequestOptions]", kind=griffe.ParameterKind.var_keyword
            )
        )
    function.parameters = griffe.Parameters(*kept, *expanded)
    function.overloads = None  # the overloads repeat the same names, typed for `stream`
    if function.docstring is not None:
        lines = [f"    {name}: {text}" for name, (_, _, text) in fields.items() if text]
        if has_options:
            lines.append(
                "    **options: Per-call options: extra_headers, extra_query, extra_body, timeout, ..."
            )
        function.docstring.value = function.docstring.value.rstrip() + "\n\nArgs:\n" + "\n".join(lines)


def _fields(typed_dict: griffe.Class) -> tuple[dict[str, tuple[Any, bool, str]], bool]:
    """The fields of a TypedDict and its bases: name -> (annotation, required, first paragraph)."""
    fields: dict[str, tuple[Any, bool, str]] = {}
    has_options = False
    for klass in reversed([typed_dict, *typed_dict.mro()]):
        if klass.path == _OPTIONS:
            has_options = True
            continue
        if not klass.path.startswith("openwire."):
            continue
        total = klass.keywords.get("total") != "False"
        for name, member in klass.members.items():
            if not isinstance(member, griffe.Attribute) or member.annotation is None or name.startswith("_"):
                continue
            annotation, required = _unwrap(member.annotation, total)
            text = member.docstring.value.split("\n\n")[0].replace("\n", " ") if member.docstring else ""
            fields[name] = (annotation, required, text)
    return fields, has_options


def _unwrap(annotation: Any, total: bool) -> tuple[Any, bool]:
    if isinstance(annotation, griffe.ExprSubscript) and annotation.canonical_name in (
        "Required",
        "NotRequired",
    ):
        return annotation.slice, annotation.canonical_name == "Required"
    return annotation, total


def _own_constructor(client: griffe.Class, http: str) -> None:
    if "__init__" in client.members:
        return
    base = next((klass for klass in client.mro() if "__init__" in klass.members), None)
    if base is None:
        return
    inherited = base.members["__init__"]
    assert isinstance(inherited, griffe.Function)
    parameters = [
        griffe.Parameter(
            p.name,
            annotation=f"{http} | None" if str(p.annotation) == "_HttpT | None" else p.annotation,
            kind=p.kind,
            default=p.default,
        )
        for p in inherited.parameters
    ]
    own = griffe.Function(
        "__init__",
        lineno=inherited.lineno,
        endlineno=inherited.endlineno,
        parameters=griffe.Parameters(*parameters),
        returns=inherited.returns,
        docstring=inherited.docstring,
    )
    client.set_member("__init__", own)
