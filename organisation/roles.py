"""The staff roles of the product design and the group that holds each on the deployment's first association.

Each association has a group per role (organisation.associations.create_staff_groups); the first one's
groups keep the names the migrations gave them, and the others' add the association's host.
"""

ROLE_GROUPS = {
    "editor": "Editors",
    "moderator": "Moderators",
    "relations": "Beneficiary relations",
    "researcher": "Social researchers",
    "committee": "Research committee",
    "secretary": "Committee secretaries",
    "supervisor": "Supervisors",
    "director": "Executive directors",
    "administrator": "Administrators",
}
