/** Common Indonesian given names and family names, for believable demo members. */
export const GIVEN_NAMES_F = [
  'Siti', 'Dewi', 'Ayu', 'Putri', 'Rina', 'Wulan', 'Indah', 'Sri', 'Nur', 'Fitri', 'Ratna', 'Maya', 'Lestari', 'Anisa', 'Intan',
  'Kartika', 'Melati', 'Nadia', 'Rahma', 'Yuni', 'Dian', 'Laras', 'Citra', 'Sekar', 'Tari',
];
export const GIVEN_NAMES_M = [
  'Budi', 'Agus', 'Andi', 'Eko', 'Hendra', 'Joko', 'Rizky', 'Dimas', 'Fajar', 'Bayu', 'Arif', 'Yoga', 'Teguh', 'Wahyu', 'Bambang',
  'Rudi', 'Iwan', 'Adi', 'Hadi', 'Reza', 'Galih', 'Putra', 'Surya', 'Ilham', 'Taufik',
];
export const FAMILY_NAMES = [
  'Santoso', 'Wijaya', 'Saputra', 'Pratama', 'Hidayat', 'Kusuma', 'Nugroho', 'Setiawan', 'Rahayu', 'Lestari', 'Susanto', 'Wibowo',
  'Gunawan', 'Siregar', 'Nasution', 'Harahap', 'Simanjuntak', 'Sitompul', 'Permana', 'Hakim', 'Sulistyo', 'Purnomo', 'Halim',
  'Tanoto', 'Sembiring', 'Manurung', 'Putri', 'Firmansyah', 'Ramadhan', 'Anggraini',
];
