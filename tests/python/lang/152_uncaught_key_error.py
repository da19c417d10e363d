# Uncaught KeyError: last stderr line shows the key's repr.
defaults = {"host": "0.0.0.0", "port": 80}
print(sorted(defaults))
print(defaults.get("port"), defaults.get("timeout", 30))
user = {"host": "example.org"}
merged = dict(defaults)
merged.update(user)
print(merged)
config = {"host": "localhost"}
print("host:", config["host"])
print("port:", config["port"])
print("not reached")
