"""An officer's hand-drawn grid map of the demo village: where the pen puts the village on paper."""
