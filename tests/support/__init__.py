"""Test support shared by the test packages: fakes of the repositories and builders."""
