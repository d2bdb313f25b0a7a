// The embedding API.
