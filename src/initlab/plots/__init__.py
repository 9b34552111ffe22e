"""Result → matplotlib Figure. Plots draw what a study measured; they never train or compute network things."""
