# An inventory with custom exceptions and validation.
class InventoryError(Exception):
    pass
class OutOfStock(InventoryError):
    def __init__(self, item, wanted, have):
        super().__init__(f"{item}: wanted {wanted}, have {have}")
        self.item = item
class Inventory:
    def __init__(self):
        self.stock = {}
    def add(self, item, n):
        if n <= 0:
            raise ValueError(f"quantity must be positive: {n}")
        self.stock[item] = self.stock.get(item, 0) + n
    def take(self, item, n):
        have = self.stock.get(item, 0)
        if item not in self.stock:
            raise KeyError(item)
        if n > have:
            raise OutOfStock(item, n, have)
        self.stock[item] = have - n
        if self.stock[item] == 0:
            del self.stock[item]
inv = Inventory()
ops = [("add", "bolt", 10), ("add", "nut", 5), ("take", "bolt", 4), ("take", "nut", 9),
       ("take", "gear", 1), ("add", "gear", 0), ("take", "nut", 5), ("take", "nut", 1)]
for op, item, n in ops:
    try:
        getattr(inv, op)(item, n)
        print(f"{op} {item} {n}: ok -> {inv.stock}")
    except OutOfStock as e:
        print(f"{op} {item} {n}: out of stock ({e}) item={e.item}")
    except InventoryError as e:
        print("generic", e)
    except (KeyError, ValueError) as e:
        print(f"{op} {item} {n}: {type(e).__name__} {e}")
