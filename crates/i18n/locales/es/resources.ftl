# resources
