from awards.cli import main

main()
