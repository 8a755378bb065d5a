"""Screen tests for issue 5 (Supporters, Review, Check-in, Progress, Settings)."""
