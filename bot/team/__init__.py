"""The team side of alignment: the team report (`TeamReport`: the owner's latest report
next to the team's pulse answers, evaluated by `evaluators.team`) and its chart."""
