# Uncaught user exception: traceback ends with __main__-less class name and message.
class ValidationError(ValueError):
    pass
def validate(age):
    if age < 0:
        raise ValidationError(f"age must be >= 0, got {age}")
    return age
print(validate(5))
try:
    validate(-1)
except ValidationError as e:
    print("first time caught:", e)
validate(-2)
