print("qrt")
