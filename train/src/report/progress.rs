//! A terminal progress bar for training (indicatif): loss, steps per
//! second and time left.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::experiments::Event;

/// A progress bar fed by experiment [`Event`]s; drawn on standard error
/// when it is a terminal, hidden otherwise (and in tests).
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    visible: bool,
}

impl Progress {
    /// A bar drawn on standard error when `visible` and it is a terminal.
    pub fn new(visible: bool) -> Self {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:>12} [{bar:30}] {pos}/{len} {msg} {per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Self { bar, visible }
    }

    /// Updates the bar from one event.
    pub fn handle(&mut self, event: &Event) {
        match *event {
            Event::RunStarts { model, seed, steps } => {
                self.bar.reset();
                self.bar.set_length(steps as u64);
                self.bar.set_position(0);
                self.bar.set_prefix(format!("{} s{seed}", model.label()));
                if self.visible {
                    self.bar.set_draw_target(ProgressDrawTarget::stderr());
                }
            }
            Event::Step(r) => {
                self.bar.set_message(format!(
                    "loss {:.2} (BCE {:.2} KLD {:.2} topo {:.3})",
                    r.train.total, r.train.bce, r.train.kld, r.train.topo
                ));
                self.bar.inc(1);
            }
            Event::Eval(_) => {}
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
