// Seed: replaced by the VisionLanguage work (issue 4).
