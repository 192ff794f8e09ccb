fn main() -> std::process::ExitCode {
    clusterhub::cli::main()
}
