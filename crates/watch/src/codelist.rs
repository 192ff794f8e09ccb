//! Reference data: CPV 2008 and the eForms code lists (Genericode), NUTS 2021 among them, with
//! labels in every EU language the list carries.
