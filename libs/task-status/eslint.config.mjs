import { libraryConfig } from '../../eslint.config.mjs';

export default libraryConfig;
