"""Plans in time: when occurrences fall, what Today shows, how a plan is adjusted after a
barrier, and the message asking a supporter for help. Pure functions; the clock is passed in."""
