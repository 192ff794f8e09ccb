//! Trade missions and fairs: delegation, stand participation, follow-up outcomes.
