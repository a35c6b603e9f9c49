// Separate entry point so that libraries importing the Logger port never load winston.
export { createWinstonLogger, type WinstonLoggerOptions } from './lib/winston-logger';
