# A small data-processing pipeline over a list of dicts.
orders = [
    {"id": 1, "customer": "ann", "items": [("pen", 3, 1.5), ("book", 1, 12.0)]},
    {"id": 2, "customer": "bob", "items": [("pen", 10, 1.5)]},
    {"id": 3, "customer": "ann", "items": [("lamp", 1, 30.0), ("pen", 2, 1.5)]},
    {"id": 4, "customer": "cid", "items": []},
]
def order_total(o):
    return sum(q * p for _, q, p in o["items"])
for o in orders:
    print(f"order {o['id']}: {o['customer']:<4} {len(o['items'])} lines, total {order_total(o):7.2f}")
per_customer = {}
for o in orders:
    per_customer[o["customer"]] = per_customer.get(o["customer"], 0) + order_total(o)
print(per_customer)
best = max(per_customer, key=per_customer.get)
print("best customer:", best, per_customer[best])
product_qty = {}
for o in orders:
    for name, q, _ in o["items"]:
        product_qty[name] = product_qty.get(name, 0) + q
print(sorted(product_qty.items(), key=lambda kv: -kv[1]))
empty = [o["id"] for o in orders if not o["items"]]
print("empty orders:", empty)
print(round(sum(order_total(o) for o in orders) / len(orders), 2))
