# Importing a module that does not exist raises ModuleNotFoundError (an ImportError),
# which a program can catch. Lockstep's message lists its supported modules, so only
# the exception type is printed here.
try:
    import lockstep_no_such_module
    print("imported?!")
except ModuleNotFoundError as e:
    print("ModuleNotFoundError caught")
    print(isinstance(e, ImportError), isinstance(e, Exception))
try:
    from lockstep_no_such_module import thing
except ImportError:
    print("ImportError handler catches it too")
import random, sys
print(type(random).__name__, type(sys).__name__)
from random import choice as pick
print(callable(pick))
