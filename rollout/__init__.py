"""The rollout as the project lead follows it: dashboard figures and the ambassadors' meeting digest."""
