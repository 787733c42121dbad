"""Stage 2, the model: the cartography as a graph of operators, needs and zones (``graph``), the
decision tree walked over it (``tree``) and the tree's checks (``tree_checks``). ``load`` is the
entry point every command uses: content folder → checked cartography with its graph.

Rule: imports only the content stage and ``generator.common``."""
