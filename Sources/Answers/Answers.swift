// Seed: replaced by the Answers work (issue 6).
