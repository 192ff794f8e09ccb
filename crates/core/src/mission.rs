//! Trade missions and fairs: delegation, stand participation and follow-up outcomes.
