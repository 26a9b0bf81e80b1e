"""Language resources shared by the stages: word tokens with offsets, function words, stemming."""
