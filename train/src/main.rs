use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = toporeg_train::cli::Cli::parse();
    match toporeg_train::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
