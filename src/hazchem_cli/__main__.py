from hazchem_cli.cli.app import main

main()
