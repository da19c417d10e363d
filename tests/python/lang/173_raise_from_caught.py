# raise ... from ...: the new exception is what the handler sees.
class ConfigError(Exception):
    pass
def parse_port(text):
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError(f"bad port {text!r}") from e
for t in ["8080", "eighty"]:
    try:
        print(parse_port(t))
    except ConfigError as e:
        print("ConfigError:", e, e.args)
def hide():
    try:
        {}["k"]
    except KeyError:
        raise RuntimeError("hidden cause") from None
try:
    hide()
except RuntimeError as e:
    print(repr(e))
