print("speakai")
