"""Reference rows every feature relies on: statutory tasks, regions, ethnic communities."""
