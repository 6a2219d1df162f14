# The long recipe: the default recipe with twice M0's SFT (4 epochs of sft + perception instead of
# 2), about 9 more minutes of stages. Measured on val, 2 more SFT epochs from the default M0 (at
# lr 5e-4) raised CoT accuracy from 18.7 to 26.7 % and grounding from +1.1 to +3.3 nats
# (docs/model.md): this recipe asks whether a stronger M0 lets MPO's effect show.
include recipes/default.mk

SFT = --epochs 4 --batch-size 16 --lr 1e-3 --warmup-ratio 0.05

REPORT_NOTES = Long recipe: the default recipe with 4 SFT epochs instead of 2; small model (2.4 M parameters), synthetic MathVista-style data (docs/problems.md); tuned on val only.
