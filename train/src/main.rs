use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = toporeg_train::cli::Cli::parse();
    let stdout = std::io::stdout();
    match toporeg_train::cli::run(cli, &mut stdout.lock()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // the reader went away (`toporeg … | head`): nothing left to do
        Err(err) if toporeg_train::cli::is_broken_pipe(&err) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
