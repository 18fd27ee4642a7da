// Placeholder until this target gets its first source file.
