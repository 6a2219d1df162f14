// Seed: replaced by the VisionLanguage work (issue 4).
print("not built yet")
