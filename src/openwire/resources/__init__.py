"""The API's resources, each a thin declaration over the shared request pipeline."""
