# User-defined exception hierarchies.
class AppError(Exception):
    pass
class ConfigError(AppError):
    def __init__(self, key, reason):
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason
class NetworkError(AppError):
    def __str__(self):
        return "network down (" + ", ".join(str(a) for a in self.args) + ")"
def load(kind):
    if kind == "config":
        raise ConfigError("port", "not a number")
    if kind == "net":
        raise NetworkError("eth0", 3)
    if kind == "app":
        raise AppError()
    return "loaded"
for kind in ["ok", "config", "net", "app"]:
    try:
        print(load(kind))
    except ConfigError as e:
        print("config:", e, e.key, e.reason, repr(e))
    except AppError as e:
        print("app:", type(e).__name__, repr(str(e)), repr(e))
print(issubclass(ConfigError, Exception), isinstance(NetworkError(), AppError))
class Fatal(BaseException):
    pass
try:
    try:
        raise Fatal("stop")
    except Exception:
        print("not caught by Exception")
except BaseException as e:
    print("caught by BaseException:", repr(e))
