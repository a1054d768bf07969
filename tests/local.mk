# Host unit tests and the VM rig live under tests/; see tests/README.
