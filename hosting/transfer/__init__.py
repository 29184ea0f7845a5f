"""Moving one association out of a deployment and into another: its rows and files written to a directory
with a manifest (`exporting`), read back into a deployment of the same version (`importing`), and removed
from this one only after a matching export (`removal`). What belongs to an association is `scope`."""
