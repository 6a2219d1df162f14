// Seed: replaced by the TensorCore work (issue 3).
