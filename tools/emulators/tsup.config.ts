import { executableBundle } from '../../tsup.app.config';

export default executableBundle({ cli: 'src/cli.ts' });
