from antragscheck.cli import main

main()
