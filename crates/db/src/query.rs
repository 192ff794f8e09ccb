//! A query with its arguments, runnable on either database, inside or outside a transaction.

use crate::{Db, Result, Tx, internal};
use sqlx::{FromRow, PgConnection, SqliteConnection, postgres::PgRow, sqlite::SqliteRow};

#[derive(Debug, Clone)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(bool),
    Float(Option<f64>),
    Bytes(Option<Vec<u8>>),
}

impl From<f64> for Arg {
    fn from(v: f64) -> Self {
        Arg::Float(Some(v))
    }
}
impl From<Option<f64>> for Arg {
    fn from(v: Option<f64>) -> Self {
        Arg::Float(v)
    }
}
impl From<Option<Vec<u8>>> for Arg {
    fn from(v: Option<Vec<u8>>) -> Self {
        Arg::Bytes(v)
    }
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_string()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(Some(v.clone()))
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::Text(v.map(str::to_string))
    }
}

/// Where a query runs: a pool, or the connection of an open transaction.
pub enum Ex<'a> {
    Sqlite(&'a sqlx::SqlitePool),
    Postgres(&'a sqlx::PgPool),
    SqliteTx(&'a mut SqliteConnection),
    PostgresTx(&'a mut PgConnection),
}

impl<'a> From<&'a Db> for Ex<'a> {
    fn from(db: &'a Db) -> Self {
        match db {
            Db::Sqlite(p) => Ex::Sqlite(p),
            Db::Postgres(p) => Ex::Postgres(p),
        }
    }
}

impl<'a> From<&'a mut Tx> for Ex<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        match tx {
            Tx::Sqlite(t) => Ex::SqliteTx(&mut *t),
            Tx::Postgres(t) => Ex::PostgresTx(&mut *t),
        }
    }
}

/// SQL text with `$n` placeholders and the values for them. The text is assembled only from
/// fixed fragments in this crate; every value travels as a bound argument, which is why
/// handing it to sqlx as `AssertSqlSafe` is sound.
#[derive(Debug, Clone, Default)]
pub struct Q {
    pub sql: String,
    pub args: Vec<Arg>,
}

/// `q!("SELECT … WHERE id = $1", id)`.
#[macro_export]
macro_rules! q {
    ($sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::Q { sql: ($sql).to_string(), args: vec![$($crate::Arg::from($arg)),*] }
    };
}

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Int(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Float(v) => q.bind(v),
                Arg::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Runs the same statement on whichever executor `$ex` is; `$run` is the sqlx call.
macro_rules! dispatch {
    ($self:ident, $ex:expr, $make:ident, $run:ident) => {
        match $ex.into() {
            Ex::Sqlite(p) => {
                bind_all!(
                    sqlx::$make::<sqlx::Sqlite, _>(sqlx::AssertSqlSafe($self.sql.clone())),
                    $self.args
                )
                .$run(p)
                .await
            }
            Ex::Postgres(p) => {
                bind_all!(
                    sqlx::$make::<sqlx::Postgres, _>(sqlx::AssertSqlSafe($self.sql.clone())),
                    $self.args
                )
                .$run(p)
                .await
            }
            Ex::SqliteTx(c) => {
                bind_all!(
                    sqlx::$make::<sqlx::Sqlite, _>(sqlx::AssertSqlSafe($self.sql.clone())),
                    $self.args
                )
                .$run(c)
                .await
            }
            Ex::PostgresTx(c) => {
                bind_all!(
                    sqlx::$make::<sqlx::Postgres, _>(sqlx::AssertSqlSafe($self.sql.clone())),
                    $self.args
                )
                .$run(c)
                .await
            }
        }
        .map_err(internal)
    };
}

impl Q {
    pub fn new(sql: impl Into<String>) -> Self {
        Q {
            sql: sql.into(),
            args: Vec::new(),
        }
    }
    /// Appends a value and returns its placeholder, for queries built piece by piece.
    pub fn arg(&mut self, a: impl Into<Arg>) -> String {
        self.args.push(a.into());
        format!("${}", self.args.len())
    }
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    pub async fn all<'a, T>(self, ex: impl Into<Ex<'a>>) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        dispatch!(self, ex, query_as, fetch_all)
    }

    pub async fn optional<'a, T>(self, ex: impl Into<Ex<'a>>) -> Result<Option<T>>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        dispatch!(self, ex, query_as, fetch_optional)
    }

    pub async fn one<'a, T>(self, ex: impl Into<Ex<'a>>) -> Result<T>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        self.optional(ex)
            .await?
            .ok_or(clusterhub_core::Error::NotFound)
    }

    /// A single integer (a count, or an id from RETURNING).
    pub async fn int<'a>(self, ex: impl Into<Ex<'a>>) -> Result<i64> {
        let r: Option<(i64,)> = dispatch!(self, ex, query_as, fetch_optional)?;
        r.map(|r| r.0).ok_or(clusterhub_core::Error::NotFound)
    }

    /// Executes and returns the number of affected rows.
    pub async fn run<'a>(self, ex: impl Into<Ex<'a>>) -> Result<u64> {
        match ex.into() {
            Ex::Sqlite(p) => bind_all!(
                sqlx::query::<sqlx::Sqlite>(sqlx::AssertSqlSafe(self.sql.clone())),
                self.args
            )
            .execute(p)
            .await
            .map(|r| r.rows_affected()),
            Ex::Postgres(p) => bind_all!(
                sqlx::query::<sqlx::Postgres>(sqlx::AssertSqlSafe(self.sql.clone())),
                self.args
            )
            .execute(p)
            .await
            .map(|r| r.rows_affected()),
            Ex::SqliteTx(c) => bind_all!(
                sqlx::query::<sqlx::Sqlite>(sqlx::AssertSqlSafe(self.sql.clone())),
                self.args
            )
            .execute(c)
            .await
            .map(|r| r.rows_affected()),
            Ex::PostgresTx(c) => bind_all!(
                sqlx::query::<sqlx::Postgres>(sqlx::AssertSqlSafe(self.sql.clone())),
                self.args
            )
            .execute(c)
            .await
            .map(|r| r.rows_affected()),
        }
        .map_err(internal)
    }
}
