/**
 * The whole-book generator (contacts and two years of records). It lives in the back end (the app
 * loads the sample business with it); the bench, the seed command and the tests import it from here.
 */
export * from '../../electron/db/sample/book';
