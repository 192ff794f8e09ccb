//! Year-round partner suggestions: needs of one organisation against the capabilities, equipment and services of others, scored with the reasons shown.
