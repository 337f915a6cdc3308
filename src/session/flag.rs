//! A one-way switch that work can await: once set, every waiter goes on, and so does every
//! later one. Jobs await "the scan has ended" and "Stop was pressed" with it instead of polling.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Poll, Waker};

#[derive(Clone, Default)]
pub struct Flag(Rc<Inner>);

#[derive(Default)]
struct Inner {
    set: Cell<bool>,
    waiting: RefCell<Vec<Waker>>,
}

impl Flag {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets it (once) and wakes everyone waiting.
    pub fn set(&self) {
        if !self.0.set.replace(true) {
            for waker in self.0.waiting.take() {
                waker.wake();
            }
        }
    }

    pub fn is_set(&self) -> bool {
        self.0.set.get()
    }

    /// Resolves once the flag is set (at once if it is).
    pub fn wait(&self) -> impl Future<Output = ()> + 'static + use<> {
        let flag = self.clone();
        std::future::poll_fn(move |cx| {
            if flag.is_set() {
                Poll::Ready(())
            } else {
                flag.0.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

/// Waits for whichever of two futures ends first (a wait, and Stop).
pub async fn first_of(a: impl Future<Output = ()>, b: impl Future<Output = ()>) {
    futures::future::select(std::pin::pin!(a), std::pin::pin!(b)).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    #[test]
    fn waiters_go_on_once_it_is_set_and_later_ones_at_once() {
        let flag = Flag::new();
        let mut first = Box::pin(flag.wait());
        assert!(first.as_mut().now_or_never().is_none());
        flag.set();
        assert!(first.now_or_never().is_some());
        assert!(flag.wait().now_or_never().is_some());
        flag.set();
        assert!(flag.is_set());
    }
}
