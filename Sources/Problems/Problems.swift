// Seed: replaced by the Problems work (issue 5).
