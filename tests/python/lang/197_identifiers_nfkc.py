# Identifiers are NFKC-normalised (PEP 3131): the ligature "ﬁ" and the
# fullwidth "ｘ" name the same variables as "fi" and "x"; Chinese names stay.
ﬁle = 1
print(file)
ｘ = 2
print(x + ｘ)
计数 = 3
print(计数)


class 点:
    ﬁeld = 5

    def 移动(self, ｄｘ):
        return dx + self.field


print(点().移动(1), 点.field, getattr(点, "field"))
