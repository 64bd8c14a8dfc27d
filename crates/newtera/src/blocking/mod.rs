//! A blocking facade over the async client, like `reqwest::blocking`.
//!
//! [`Newtera`] has every method of [`crate::Newtera`], under the same name
//! and with the same arguments. Each returns a [`Request`] carrying the
//! async builder, with the same option methods; [`Request::send`] runs it
//! to completion on a Tokio runtime the blocking client owns (two worker
//! threads, shared by its clones). Streaming stays streaming:
//!
//! - `get_object(..).send()` gives an [`ObjectReader`]: `std::io::Read`
//!   over the body, the object's [`stat`](ObjectReader::stat) at hand;
//! - listings (`list_objects`, `list_object_versions`,
//!   `list_incomplete_uploads`, `list_parts`), `remove_objects` and
//!   `listen_bucket_notification` are `IntoIterator<Item = Result<T>>`,
//!   lazy: each page or batch is fetched when the iterator gets to it;
//! - [`from_reader`] uploads from a `std::io::Read`, part by part.
//!
//! ```no_run
//! # fn run() -> newtera::Result<()> {
//! use std::io::Read as _;
//!
//! let client = newtera::blocking::Newtera::new("localhost:9000", "demo1", "888")?;
//! client.put_object("b", "k", "hello").content_type("text/plain").send()?;
//! let mut body = String::new();
//! client.get_object("b", "k").offset(1).send()?.read_to_string(&mut body)?;
//! for object in client.list_objects("b").prefix("logs/").page_size(100) {
//!     println!("{}", object?.object_name);
//! }
//! # Ok(()) }
//! ```
//!
//! # Not inside an async runtime
//!
//! The facade blocks the calling thread, so, like `reqwest::blocking`, it
//! must not be used from a task of an async runtime (use the async client
//! there, or move the blocking code into `tokio::task::spawn_blocking`,
//! where the facade works). Called from inside an async task, `send`,
//! [`wait`](Newtera::wait), an iterator's `next` and an [`ObjectReader`]'s
//! `read` **panic** with Tokio's message "Cannot start a runtime from
//! within a runtime", before any request is sent. Dropping the last clone
//! of the client in any runtime context is safe: its runtime is then shut
//! down in the background (without waiting for the abort of an upload
//! dropped midway, see [`crate::Newtera::wait_for_cleanup`]); dropped on a
//! plain thread it first waits for that clean-up.

mod io;
mod methods;
mod options;

use std::future::IntoFuture;
use std::sync::Arc;

use crate::NewteraBuilder;
use crate::error::Result;

pub use io::{Iter, ObjectReader, from_reader};

/// The blocking client; see the [module docs](self). Cheap to clone: clones
/// share the connection pool and the runtime.
#[derive(Clone, Debug)]
pub struct Newtera {
    shared: Arc<Shared>,
}

/// The async client and the runtime that drives it.
#[derive(Debug)]
struct Shared {
    client: crate::Newtera,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Newtera {
    /// A client with static credentials (see [`crate::Newtera::new`]).
    pub fn new(endpoint: &str, access_key: &str, secret_key: &str) -> Result<Self> {
        Self::from_builder(crate::Newtera::builder(endpoint).credentials(access_key, secret_key))
    }

    /// A client from a configured builder (see [`crate::Newtera::builder`]).
    pub fn from_builder(builder: NewteraBuilder) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("newtera-blocking")
            .enable_all()
            .build()?;
        // The built-in HTTP client needs the runtime while it is built.
        let client = {
            let _guard = runtime.enter();
            builder.build()?
        };
        let shared = Shared {
            client,
            runtime: Some(runtime),
        };
        Ok(Self {
            shared: Arc::new(shared),
        })
    }

    /// The async client underneath (it shares this client's connections).
    pub fn async_client(&self) -> &crate::Newtera {
        &self.shared.client
    }

    /// Runs any future or async builder on this client's runtime: the way to
    /// drive something the facade does not wrap.
    ///
    /// ```no_run
    /// # fn run(client: newtera::blocking::Newtera) -> newtera::Result<()> {
    /// let stat = client.wait(client.async_client().stat_object("b", "k"))?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Panics
    ///
    /// Inside an async task (see the [module docs](self)).
    pub fn wait<T>(&self, op: impl IntoFuture<Output = Result<T>>) -> Result<T> {
        self.runtime().block_on(op.into_future())
    }

    /// Wraps an async builder.
    fn request<B>(&self, inner: B) -> Request<B> {
        Request {
            inner,
            runtime: self.runtime(),
        }
    }

    fn runtime(&self) -> Runtime {
        Runtime(self.shared.clone())
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        let Some(runtime) = self.runtime.take() else {
            return;
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            // Blocking here would panic (or stall) the caller's runtime.
            runtime.shutdown_background();
        } else {
            runtime.block_on(self.client.wait_for_cleanup());
        }
    }
}

/// One operation of the blocking client: the async builder `B` with its
/// option methods, run by [`send`](Self::send) (or, for listings and batch
/// deletes, by iterating it).
#[must_use = "nothing is sent until `send` is called"]
#[derive(Debug)]
pub struct Request<B> {
    inner: B,
    runtime: Runtime,
}

impl<B> Request<B> {
    /// The async builder inside, to await it in async code instead.
    pub fn into_async(self) -> B {
        self.inner
    }

    /// Applies one option of the async builder.
    fn map(self, option: impl FnOnce(B) -> B) -> Self {
        Self {
            inner: option(self.inner),
            runtime: self.runtime,
        }
    }
}

impl<B: Operation> Request<B> {
    /// Sends the request and waits for its result (see the async builder's
    /// documentation for what it returns and its errors).
    ///
    /// # Panics
    ///
    /// Inside an async task (see the [module docs](self)).
    pub fn send(self) -> Result<B::Output> {
        self.inner.run(&self.runtime)
    }
}

/// An async builder that [`Request::send`] can run: every builder and
/// future of the async client that is awaited (listings are iterated
/// instead).
pub trait Operation: sealed::Sealed {
    /// What `send` returns on success.
    type Output;

    #[doc(hidden)]
    fn run(self, runtime: &Runtime) -> Result<Self::Output>;
}

mod sealed {
    use std::sync::Arc;

    use crate::error::Result;

    pub trait Sealed {}

    /// A handle on the client's runtime, held by requests, iterators and
    /// readers so the runtime outlives them.
    #[derive(Clone, Debug)]
    pub struct Runtime(pub(super) Arc<super::Shared>);

    impl Runtime {
        /// Runs `fut` to completion on the calling thread (Tokio panics
        /// when that thread is driving an async task; see the module docs).
        pub(crate) fn block_on<T>(
            &self,
            fut: impl std::future::Future<Output = Result<T>>,
        ) -> Result<T> {
            match &self.0.runtime {
                Some(runtime) => runtime.block_on(fut),
                None => Err(crate::Error::invalid("the blocking client has shut down")),
            }
        }
    }
}

use sealed::Runtime;

/// Makes async builders that are awaited as they are [`Operation`]s.
macro_rules! awaited {
    (generic $($builder:ident),*) => {$(
        impl<T> sealed::Sealed for crate::$builder<T> {}

        impl<T> Operation for crate::$builder<T> {
            type Output = T;

            fn run(self, runtime: &Runtime) -> Result<T> {
                runtime.block_on(self.into_future())
            }
        }
    )*};
    ($($builder:ident => $output:ty),* $(,)?) => {$(
        impl sealed::Sealed for crate::$builder {}

        impl Operation for crate::$builder {
            type Output = $output;

            fn run(self, runtime: &Runtime) -> Result<$output> {
                runtime.block_on(self.into_future())
            }
        }
    )*};
}

awaited!(generic OpFuture, ObjectRequest);
awaited!(
    ComposeObject => crate::ObjectWriteResult,
    CompleteMultipartUpload => crate::ObjectWriteResult,
    CopyObject => crate::ObjectWriteResult,
    CreateMultipartUpload => String,
    FGetObject => crate::ObjectStat,
    GetObjectAttributes => crate::ObjectAttributes,
    GetObjectBytes => bytes::Bytes,
    MakeBucket => (),
    Presign => String,
    PutObject => crate::ObjectWriteResult,
    RemoveBucketForce => u64,
    RemoveObject => crate::RemovedObject,
    SetObjectRetention => (),
    StatObject => crate::ObjectStat,
    UploadPart => crate::CompletedPart,
    UploadPartCopy => crate::CompletedPart,
);
