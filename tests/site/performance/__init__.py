"""Query counts stay fixed whatever the number of artworks, and no request makes renditions.
(Timings are measured by bench/run, never here.)"""
