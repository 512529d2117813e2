"""What a valid task list is: the models, the date grammar, the warning rules, the agencies.

The lowest layer of hazchem: pure values and rules, no files, no output.
"""
